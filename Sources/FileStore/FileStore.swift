// store.mode=file: the coordinator's sessions, branches and row locks in an embedded SQLite
// database (WAL) under store.file.dir, with the tables and columns of Seata's db store.
