using System.Diagnostics;
using System.Net;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Console;

/// <summary>How the gateway serves the console: management port only, deep links, strict headers, vendored libraries.</summary>
public class ConsoleHostingTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/agents")]
    [InlineData("/agents/0190a0a0-0000-7000-8000-000000000000/config")]
    [InlineData("/rollouts/web")]
    [InlineData("/packages")]
    [InlineData("/certificates")]
    public async Task Pages_ManagementPort_ServeTheConsoleWithStrictHeaders(string path)
    {
        var response = await gateway.Api.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/assets/app.js", await response.Content.ReadAsStringAsync());
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/agents")]
    [InlineData("/assets/app.js")]
    [InlineData("/vendor/highlight/core.min.js")]
    public async Task Console_OpAmpPort_NotServed(string path)
    {
        var response = await gateway.OpAmpHttp.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/assets/app.js", "text/javascript")]
    [InlineData("/assets/console.css", "text/css")]
    [InlineData("/vendor/highlight/core.min.js", "text/javascript")]
    [InlineData("/vendor/highlight/languages/yaml.min.js", "text/javascript")]
    [InlineData("/vendor/highlight/LICENSE.txt", "text/plain")]
    public async Task Assets_ManagementPort_Served(string path, string? mediaType)
    {
        var response = await gateway.Api.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (mediaType is not null)
        {
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/nothing-here")]
    [InlineData("/assets/missing.js")]
    public async Task UnknownPaths_404_NotTheConsole(string path)
    {
        var response = await gateway.Api.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ConsoleModules_LoadNothingFromOtherOrigins()
    {
        var root = Path.Combine(RepositoryRoot.Path, "src", "Gateway", "Console", "wwwroot");
        foreach (var file in System.IO.Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal) || f.EndsWith(".css", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}vendor{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotMatch(@"(src|href)=""https?://|import\s+[^;]*from\s+'https?://|url\(\s*['""]?https?://", text);
        }
    }

    /// <summary>The served highlight.js is byte for byte the npm package that package-lock.json pins.</summary>
    [Fact]
    public async Task VendoredHighlightJs_MatchesTheLockedNpmPackage()
    {
        ConsoleScript.RequirePrerequisites();
        var info = new ProcessStartInfo("node", ["vendor.mjs", "--check"])
        {
            WorkingDirectory = ConsoleScript.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
    }
}
