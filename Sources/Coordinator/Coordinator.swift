// Placeholder until the Coordinator issue lands.
