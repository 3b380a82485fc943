using System.Text;
using System.Text.Json;

namespace Fleet.Gateway.Security.Secrets;

/// <summary>
/// JSON at any depth: the value of a secret-named property is replaced (a string or number); arrays
/// under a secret name have each scalar item replaced, while objects inside them are judged by their
/// own property names. Token positions come from <see cref="Utf8JsonReader"/>, so the rest of the
/// text is copied unchanged.
/// </summary>
internal static class JsonSecretRedactor
{
    private static readonly byte[] Marker = Encoding.UTF8.GetBytes(SecretRedactor.Marker);

    public static bool TryRedact(string body, out string redacted)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ranges = new List<(int Start, int End)>();
        // One entry per open container: does it hold a secret's items (an array under a secret name)?
        var secretContainers = new Stack<bool>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var secretProperty = false;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        secretProperty = SecretKeyNames.IsSecret(reader.GetString()!);
                        break;
                    case JsonTokenType.StartObject:
                        secretContainers.Push(false);
                        secretProperty = false;
                        break;
                    case JsonTokenType.StartArray:
                        secretContainers.Push(secretProperty || (secretContainers.TryPeek(out var outer) && outer));
                        secretProperty = false;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        secretContainers.Pop();
                        break;
                    case JsonTokenType.String or JsonTokenType.Number:
                        var inSecretArray = secretContainers.TryPeek(out var container) && container;
                        if ((secretProperty || inSecretArray) && Reveals(ref reader))
                        {
                            var start = (int)reader.TokenStartIndex;
                            var length = reader.ValueSpan.Length + (reader.TokenType == JsonTokenType.String ? 2 : 0);
                            ranges.Add((start, start + length));
                        }
                        secretProperty = false;
                        break;
                    default:
                        secretProperty = false;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            redacted = body;
            return false;
        }
        redacted = ranges.Count == 0 ? body : Splice(bytes, ranges);
        return true;
    }

    private static bool Reveals(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number || SecretValues.Reveals(reader.GetString());

    private static string Splice(byte[] bytes, List<(int Start, int End)> ranges)
    {
        using var result = new MemoryStream(bytes.Length);
        var position = 0;
        foreach (var (start, end) in ranges)
        {
            result.Write(bytes, position, start - position);
            result.Write(Marker);
            position = end;
        }
        result.Write(bytes, position, bytes.Length - position);
        return Encoding.UTF8.GetString(result.GetBuffer(), 0, (int)result.Length);
    }
}
