using Fleet.Contracts;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Fleet.Contracts.Inventory;
using Fleet.Contracts.Packages;
using Fleet.Gateway.Hosting;
using Fleet.Gateway.Security.Agents;
using Fleet.Gateway.Security.Operators;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>/api/packages</c>: register packages (a download URL + SHA-256, or an uploaded file the gateways
/// serve with Range support at <c>/v1/packages/{name}/{version}</c> on the OpAMP port), offered to the
/// agents their selector matches; statuses as the agents report them.
/// </summary>
public static partial class PackagesEndpoints
{
    public static RouteGroupBuilder MapPackages(this RouteGroupBuilder api)
    {
        var packages = api.MapGroup("/packages").WithTags("Packages");
        packages.MapGet("/", List).WithName("ListPackages");
        // What agents download and run: an admin's decision.
        packages.MapPut("/{name}", Register).WithName("RegisterPackage").RequireAuthorization(OperatorPolicies.Admin);
        packages.MapDelete("/{name}", Remove).WithName("RemovePackage").RequireAuthorization(OperatorPolicies.Admin);
        packages.MapPut("/{name}/versions/{version}/file", Upload).WithName("UploadPackageFile").RequireAuthorization(OperatorPolicies.Admin)
            .WithMetadata(new Limits.OwnBodyLimit());
        return api;
    }

    /// <summary>Package downloads for agents, on the OpAMP listener.</summary>
    public static WebApplication MapPackageDownloads(this WebApplication app)
    {
        // For agents, on the OpAMP port: not part of the management API's OpenAPI document.
        app.MapGet("/v1/packages/{name}/{version}", Download).WithMetadata(Listener.OpAmp).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> List(IGrainFactory grains, AgentDirectoryReader directory)
    {
        var registered = await grains.Get<IPackageCatalogGrain>(0).List();
        var tally = await directory.Tally();
        return Results.Ok(registered.Select(p => new PackageView(p.Name, p.Version, p.Type, p.DownloadUrl, p.Sha256, p.Selector, p.RegisteredAt,
            tally.PackageStatuses.GetValueOrDefault(p.Name) ?? [])));
    }

    private static async Task<IResult> Register(string name, RegisterPackageBody body, HttpContext context, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ValidName(name))
        {
            errors["name"] = ["1–128 characters of letters, digits, '-', '_', '.' or '/'"];
        }
        if (string.IsNullOrWhiteSpace(body.Version) || !ValidName(body.Version))
        {
            errors["version"] = ["required: letters, digits, '-', '_', '.'"];
        }
        var type = body.Type ?? "addon";
        if (type is not ("topLevel" or "addon"))
        {
            errors["type"] = ["topLevel or addon"];
        }
        if (!LabelSelector.TryParse(body.Selector, out _, out var selectorError))
        {
            errors["selector"] = [selectorError!];
        }
        if (body.Signature is { } signature && !IsBase64(signature))
        {
            errors["signature"] = ["base64"];
        }
        string? url = body.DownloadUrl, sha = body.Sha256?.ToLowerInvariant();
        if (url is null != (sha is null))
        {
            errors["downloadUrl"] = ["give downloadUrl and sha256 together, or neither after uploading the file"];
        }
        else if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors["downloadUrl"] = ["an absolute http(s) URL"];
        }
        else if (sha is not null && !Sha256Pattern().IsMatch(sha))
        {
            errors["sha256"] = ["64 hex digits"];
        }
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        if (url is null)
        {
            var content = await grains.Get<IPackageFileGrain>(FileKey(name, body.Version!)).Get();
            if (content is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["downloadUrl"] = [$"no file uploaded for {name} {body.Version}: PUT /api/packages/{name}/versions/{body.Version}/file first, or give downloadUrl and sha256"],
                });
            }
            url = DownloadUrl(context, options.Value, name, body.Version!);
            sha = Convert.ToHexStringLower(SHA256.HashData(content));
        }
        var package = new PackageRegistration(name, body.Version!, type, url, sha!, body.Signature, body.Selector ?? "", DateTimeOffset.UtcNow);
        await grains.Get<IPackageCatalogGrain>(0).Register(package);
        return Results.Ok(package);
    }

    private static async Task<IResult> Remove(string name, IGrainFactory grains) =>
        await grains.Get<IPackageCatalogGrain>(0).Remove(name)
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown package", detail: $"No package '{name}' is registered.");

    private static async Task<IResult> Upload(string name, string version, HttpContext context, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        if (!ValidName(name) || !ValidName(version))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid name or version");
        }
        var limit = options.Value.MaxMessageBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Package too large", detail: $"At most {limit} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        var content = buffer.ToArray();
        await grains.Get<IPackageFileGrain>(FileKey(name, version)).Store(content);
        return Results.Ok(new { name, version, size = content.Length, sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), downloadUrl = DownloadUrl(context, options.Value, name, version) });
    }

    private static async Task<IResult> Download(string name, string version, HttpContext context, AgentAuthenticator agents, IGrainFactory grains)
    {
        // Agents fetch packages with the credentials they speak OpAMP with (when those are required).
        var authentication = await agents.Authenticate(context);
        if (authentication.Status == AgentAuthenticationStatus.Unavailable)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (authentication.Status == AgentAuthenticationStatus.Refused)
        {
            AgentAuthenticator.Challenge(context);
            return Results.Empty;
        }
        var content = ValidName(name) && ValidName(version) ? await grains.Get<IPackageFileGrain>(FileKey(name, version)).Get() : null;
        return content is null
            ? Results.NotFound()
            : Results.File(content, "application/octet-stream", $"{name}-{version}", enableRangeProcessing: true);
    }

    private static string FileKey(string name, string version) => $"{name}@{version}";

    /// <summary>Where agents fetch an uploaded package: Fleet:Gateway:PublicOpAmpUrl, else this host on the OpAMP port.</summary>
    private static string DownloadUrl(HttpContext context, GatewayOptions options, string name, string version)
    {
        var root = options.PublicOpAmpUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host.Host}:{options.OpAmpPort}";
        return $"{root}/v1/packages/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(version)}";
    }

    private static bool ValidName(string name) => NamePattern().IsMatch(name);

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
