// Placeholder until the ConfigCenter issue lands.
