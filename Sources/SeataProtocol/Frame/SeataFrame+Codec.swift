extension SeataFrame {
    /// The frame's codec byte (Seata's `SerializerType`): how the body is serialized.
    ///
    /// Only ``seata`` is implemented; the others are named so that a refusal can say which one a
    /// client was configured with. Seata writes the codes as `(byte)0x16` and so on, which is why
    /// hessian is 22 and jackson 50, and why grpc (`(byte)0x128`) and fury (`(byte)0x256`) wrap to
    /// 40 and 86.
    public enum Codec: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// Seata's own binary codec, the one this library implements.
        case seata = 1
        /// Protocol Buffers.
        case protobuf = 2
        /// Kryo.
        case kryo = 4
        /// FST (removed from Seata 2.0).
        case fst = 8
        /// Hessian.
        case hessian = 22
        /// Jackson (JSON).
        case jackson = 50
        /// gRPC.
        case grpc = 40
        /// Fury.
        case fury = 86
        /// fastjson2.
        case fastjson2 = 100

        /// Seata's configuration name for the codec (`seata`, `protobuf`, …).
        public var description: String {
            switch self {
            case .seata: "seata"
            case .protobuf: "protobuf"
            case .kryo: "kryo"
            case .fst: "fst"
            case .hessian: "hessian"
            case .jackson: "jackson"
            case .grpc: "grpc"
            case .fury: "fury"
            case .fastjson2: "fastjson2"
            }
        }
    }

    /// The frame's compressor byte (Seata's `CompressorType`).
    ///
    /// Only ``none`` is implemented.
    public enum Compressor: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// Not compressed.
        case none = 0
        /// gzip.
        case gzip = 1
        /// zip.
        case zip = 2
        /// 7z.
        case sevenZ = 3
        /// bzip2.
        case bzip2 = 4
        /// LZ4.
        case lz4 = 5
        /// Deflate.
        case deflater = 6
        /// Zstandard.
        case zstd = 7

        /// Seata's configuration name for the compressor (`none`, `gzip`, …).
        public var description: String {
            switch self {
            case .none: "none"
            case .gzip: "gzip"
            case .zip: "zip"
            case .sevenZ: "7z"
            case .bzip2: "bzip2"
            case .lz4: "lz4"
            case .deflater: "deflater"
            case .zstd: "zstd"
            }
        }
    }
}
