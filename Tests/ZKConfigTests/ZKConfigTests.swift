// zkconfig's end-to-end tests live in this target (issue 4).
