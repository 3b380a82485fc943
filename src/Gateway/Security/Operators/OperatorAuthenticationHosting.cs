using Microsoft.Extensions.DependencyInjection.Extensions;
using Fleet.Gateway.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// Who may use the management API (<c>Fleet:Security:Operators</c>): API keys and/or OIDC bearer
/// tokens, mapped to the viewer, operator and admin roles. Authentication runs only for endpoints whose
/// policy asks for it — never for agent traffic on the OpAMP port, which may carry Authorization
/// headers of its own. With nothing configured it is off: the policies let everyone through, and the
/// start-up log says so once.
/// </summary>
public static partial class OperatorAuthenticationHosting
{
    /// <summary>The API's OpenAPI document (/openapi/v1.json).</summary>
    private const string OpenApiDocumentName = "v1";

    public static WebApplicationBuilder AddOperatorAuthentication(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(OperatorAuthenticationOptions.Section);
        var options = section.Get<OperatorAuthenticationOptions>() ?? new();
        // Refuse to start (not merely to build) rather than run a management API open, or closed to everyone, by mistake.
        builder.Services.AddOptions<OperatorAuthenticationOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OperatorAuthenticationOptions>, OperatorAuthenticationOptionsValidator>();
        var status = new OperatorAuthenticationStatus(options.ApiKeys.Count > 0, options.Jwt.Enabled);
        builder.Services.AddSingleton(status);
        builder.Services.TryAddSingleton<AuthFailureMetrics>();
        builder.Services.AddSingleton<IAuthorizationHandler, OperatorRoleHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, OperatorAuthorizationResultHandler>();

        var authentication = builder.Services.AddAuthentication();
        if (status.Enabled)
        {
            authentication.AddPolicyScheme(OperatorSchemes.Operator, "Fleet operators", o => o.ForwardDefaultSelector = context =>
                OperatorCredentials.SchemeFor(context.Request.Headers.Authorization, context.Request.Headers[OperatorCredentials.ApiKeyHeader], status.ApiKeys, status.Jwt));
        }
        if (status.ApiKeys)
        {
            authentication.AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(OperatorSchemes.ApiKey, o => o.Keys = new ApiKeyTable(options.ApiKeys));
        }
        if (status.Jwt)
        {
            authentication.AddJwtBearer(OperatorSchemes.Jwt, o => ConfigureJwt(o, options.Jwt));
        }
        if (status.Enabled)
        {
            builder.Services.Configure<OpenApiOptions>(OpenApiDocumentName, o => o.AddDocumentTransformer<OperatorSecurityDocumentTransformer>());
        }
        builder.Services.AddAuthorization(authorization =>
        {
            foreach (var role in Enum.GetValues<OperatorRole>())
            {
                authorization.AddPolicy(OperatorRoles.Policy(role), Policy(role, status.Enabled));
            }
            // A bare .RequireAuthorization() means "any operator".
            authorization.DefaultPolicy = Policy(OperatorRole.Viewer, status.Enabled);
        });
        return builder;
    }

    /// <summary>Authorization for the endpoints that ask for it; logs once whether operators must sign in.</summary>
    public static WebApplication UseOperatorAuthentication(this WebApplication app)
    {
        var status = app.Services.GetRequiredService<OperatorAuthenticationStatus>();
        var options = app.Configuration.GetSection(OperatorAuthenticationOptions.Section).Get<OperatorAuthenticationOptions>() ?? new();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OperatorAuthenticationHosting).FullName!);
        if (status.Enabled)
        {
            LogEnabled(logger, options.ApiKeys.Count, options.Jwt.Enabled ? options.Jwt.Authority! : "no issuer (off)");
        }
        else
        {
            LogUnauthenticated(logger, OperatorAuthenticationOptions.Section);
        }
        app.UseAuthorization();
        return app;
    }

    public static AuthorizationPolicy Policy(OperatorRole role, bool authenticationOn) => authenticationOn
        ? new AuthorizationPolicyBuilder(OperatorSchemes.Operator).RequireAuthenticatedUser().AddRequirements(new OperatorRoleRequirement(role)).Build()
        : new AuthorizationPolicyBuilder().RequireAssertion(_ => true).Build();

    private static void ConfigureJwt(JwtBearerOptions o, JwtOperatorOptions jwt)
    {
        o.Authority = jwt.Authority;
        o.Audience = jwt.Audience;
        o.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        // Keep claim names as the IdP wrote them: "roles", "groups", "name".
        o.MapInboundClaims = false;
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var principal = context.Principal!;
                var role = JwtRoleMapping.Role(JwtRoleMapping.RoleValues(principal, jwt.RoleClaim), jwt.RoleMap);
                principal.AddIdentity(OperatorClaims.Identity(JwtRoleMapping.DisplayName(principal), role, OperatorSchemes.Jwt));
                return Task.CompletedTask;
            },
        };
    }
}
