using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using Fleet.Client;

namespace Fleet.LoadTest.Agents;

/// <summary>Short, countable names for what went wrong ("connect:ConnectionRefused", "http:503" …).</summary>
public static class ErrorKinds
{
    public static string Of(string stage, Exception e) => $"{stage}:{Detail(e)}";

    private static string Detail(Exception e) => e switch
    {
        OpAmpHttpException http => ((int)http.Status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        OperationCanceledException => "timeout",
        SocketException socket => socket.SocketErrorCode.ToString(),
        HttpRequestException { InnerException: { } inner } => Detail(inner),
        HttpRequestException { StatusCode: { } status } => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        HttpRequestException http => http.HttpRequestError.ToString(),
        WebSocketException { InnerException: { } inner } => Detail(inner),
        WebSocketException socket => socket.WebSocketErrorCode.ToString(),
        IOException { InnerException: { } inner } => Detail(inner),
        _ => e.GetType().Name,
    };
}
