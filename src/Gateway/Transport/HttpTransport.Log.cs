namespace Fleet.Gateway.Transport;

public sealed partial class HttpTransport
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected an OpAMP POST with Content-Type '{ContentType}': 415")]
    private static partial void LogWrongContentType(ILogger logger, string? contentType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an OpAMP POST over {Limit} bytes: 413")]
    private static partial void LogTooLarge(ILogger logger, int limit);

    // Debug: an overload refuses thousands of polls at once, and a log line each adds to the overload;
    // fleet_gateway_refused_total{reason="http_limit"} counts them.
    [LoggerMessage(Level = LogLevel.Debug, Message = "OpAMP POST refused with 503: too many requests in flight")]
    private static partial void LogOverloaded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected an OpAMP POST whose body could not be decoded: {Reason}")]
    private static partial void LogUndecodableBody(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A POST with Content-Encoding '{Encoding}', which this server does not decode: answered 415")]
    private static partial void LogUnsupportedEncoding(ILogger logger, string encoding);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reply to agent {AgentUid} is {Bytes} bytes, over the {Limit}-byte message limit: not sent, answered 500 with an error")]
    private static partial void LogOversizeDiscarded(ILogger logger, Guid? agentUid, int bytes, int limit);
}
