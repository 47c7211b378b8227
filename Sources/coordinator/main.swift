print("coordinator: not yet built")
