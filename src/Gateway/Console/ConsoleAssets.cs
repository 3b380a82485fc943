using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Fleet.Gateway.Console;

/// <summary>
/// The console's files and how they are sent: revalidated on every load (ETags keep that cheap) so an
/// upgraded gateway never serves a stale mix of modules, with a strict same-origin content policy.
/// </summary>
public sealed partial class ConsoleAssets
{
    public const string IndexFile = "index.html";

    /// <summary>Scripts, styles, fetches and EventSource only from this origin: libraries are vendored, never loaded from a CDN.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public ConsoleAssets(IOptions<ConsoleOptions> options, IWebHostEnvironment environment, ILogger<ConsoleAssets> logger)
    {
        var configured = options.Value.ContentPath;
        Root = Path.GetFullPath(configured is { Length: > 0 }
            ? Path.Combine(environment.ContentRootPath, configured)
            : Path.Combine(environment.ContentRootPath, "Console", "wwwroot"));
        Available = options.Value.Enabled && File.Exists(Path.Combine(Root, IndexFile));
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
        }
        else if (!Available)
        {
            LogMissing(logger, Root);
        }
        Files = Available ? new PhysicalFileProvider(Root) : new NullFileProvider();
    }

    /// <summary>Absolute folder the files come from.</summary>
    public string Root { get; }

    /// <summary>Enabled and the folder holds the console.</summary>
    public bool Available { get; }

    public IFileProvider Files { get; }

    public StaticFileOptions StaticFileOptions() => new()
    {
        FileProvider = Files,
        ContentTypeProvider = new FileExtensionContentTypeProvider(),
        OnPrepareResponse = context => AddHeaders(context.Context.Response.Headers),
    };

    private static void AddHeaders(IHeaderDictionary headers)
    {
        headers[HeaderNames.CacheControl] = "no-cache";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers[HeaderNames.XFrameOptions] = "DENY";
    }
}
