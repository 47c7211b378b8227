/// Making a `ZNodeStat` from values, for code that plans against stored state and is tested
/// without a server.
extension ZNodeStat {
    /// Metadata from its fields; every field not given is 0.
    public init(
        czxid: Int64 = 0,
        mzxid: Int64 = 0,
        ctime: Int64 = 0,
        mtime: Int64 = 0,
        version: Int32 = 0,
        cversion: Int32 = 0,
        aversion: Int32 = 0,
        ephemeralOwner: Int64 = 0,
        dataLength: Int32 = 0,
        numChildren: Int32 = 0,
        pzxid: Int64 = 0
    ) {
        self.czxid = czxid
        self.mzxid = mzxid
        self.ctime = ctime
        self.mtime = mtime
        self.version = version
        self.cversion = cversion
        self.aversion = aversion
        self.ephemeralOwner = ephemeralOwner
        self.dataLength = dataLength
        self.numChildren = numChildren
        self.pzxid = pzxid
    }
}
