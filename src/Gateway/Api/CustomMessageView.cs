namespace Fleet.Gateway.Api;

/// <summary>A custom message: data as base64, and as text when it is valid UTF-8.</summary>
public sealed record CustomMessageView(string Capability, string Type, string Data, string? Text, DateTimeOffset At)
{
    public static CustomMessageView From(Fleet.Contracts.Messages.CustomMessageRecord m)
    {
        string? text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(m.Data);
        }
        catch (System.Text.DecoderFallbackException)
        {
            text = null;
        }
        return new CustomMessageView(m.Capability, m.Type, Convert.ToBase64String(m.Data), text, m.At);
    }
}
