using Microsoft.AspNetCore.Authentication;

namespace Fleet.Gateway.Security.Operators;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    public ApiKeyTable Keys { get; set; } = new([]);
}
