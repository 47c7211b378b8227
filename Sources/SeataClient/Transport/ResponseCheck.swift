import SeataProtocol

/// Turns a response frame into its message, or into the error it stands for.
enum ResponseCheck {
    /// Decodes the answer; a failed transaction result (resultCode 0) becomes
    /// ``SeataClientError/Code/requestFailed`` with the exception code and message.
    static func decode(_ answer: Answer, request: MessageTypeCode, coordinator: String) throws -> SeataMessage {
        let message: SeataMessage
        switch answer {
        case .merged(let merged):
            message = merged
        case .frame(let frame):
            do {
                message = try frame.message()
            } catch {
                throw SeataClientError(
                    .malformedResponse,
                    message: "\(error)",
                    request: request,
                    coordinator: coordinator
                )
            }
        }
        // Seata's answer to every request has the request's type code plus one.
        guard message.typeCode.rawValue == request.rawValue &+ 1 else {
            throw unexpected(message, request: request, coordinator: coordinator)
        }
        if let result = message.transactionResult, !result.isSuccess {
            throw SeataClientError(
                .requestFailed,
                message: result.message,
                request: request,
                coordinator: coordinator,
                exceptionCode: result.exceptionCode
            )
        }
        return message
    }

    static func unexpected(_ message: SeataMessage, request: MessageTypeCode, coordinator: String) -> SeataClientError {
        SeataClientError(
            .unexpectedResponse,
            message: "the answer is a \(message.typeCode), not the response to \(request)",
            request: request,
            coordinator: coordinator
        )
    }
}
