using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// When operators must sign in, the OpenAPI document says how: a bearer credential (API key or OIDC
/// token) or the X-Api-Key header, required by every operation, so generated clients send it.
/// </summary>
public sealed class OperatorSecurityDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An operator API key, or an access token from the configured OIDC issuer.",
        };
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = OperatorCredentials.ApiKeyHeader,
            Description = "An operator API key.",
        };
        // Either scheme will do: two alternatives, each a requirement of its own.
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, document)] = [] });
        return Task.CompletedTask;
    }
}
