namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// One API key (<c>Fleet:Security:Operators:ApiKeys:N</c>): a name shown in the console and logs, the
/// key itself (<c>Key</c>, for development) or its SHA-256 in hex (<c>KeySha256</c>, so production
/// configuration never holds the key), and the role it grants.
/// </summary>
public sealed class ApiKeyOptions
{
    public string? Name { get; set; }

    public string? Key { get; set; }

    public string? KeySha256 { get; set; }

    public string? Role { get; set; }
}
