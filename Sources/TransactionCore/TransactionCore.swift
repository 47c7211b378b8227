// The transaction coordinator's core (see ../shared/TC.md): global and branch sessions, their
// status machines, AT row locks, the phase-two driver and the recovery jobs. It reads wire
// constants (statuses, branch types, exception codes) from SeataProtocol and nothing else of it.
