print("zkconfig: not yet built")
