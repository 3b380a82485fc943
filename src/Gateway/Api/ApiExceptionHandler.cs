using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Fleet.Gateway.Api;

/// <summary>
/// Requests the API cannot bind (malformed JSON, a field of the wrong type, a missing body, a query
/// value that is not a number) answered as a 400 problem that names what is wrong — never a stack
/// trace or the request's own headers, whatever the environment.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted)
        {
            return false;
        }
        var detail = Describe(bad);
        LogBadRequest(logger, context.Request.Method, context.Request.Path, bad.StatusCode, detail);
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Invalid request",
                Detail = detail,
            },
        });
    }

    internal static string Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return json.Path is { Length: > 1 } path
                ? $"The JSON body is not valid at {path}: {FirstSentence(json.Message)}"
                : $"The body is not valid JSON: {FirstSentence(json.Message)}";
        }
        var message = exception.Message;
        // Minimal APIs' wording for a missing body talks about parameter inference; say what the caller must do.
        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || message.StartsWith("Required parameter", StringComparison.Ordinal) && message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            return "A JSON body is required.";
        }
        return message;
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …": the path is already said.
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} refused with {Status}: {Detail}")]
    private static partial void LogBadRequest(ILogger logger, string method, string path, int status, string detail);
}
