using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Packages;

public class PackagesTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const ulong PackageCaps = Messages.Caps | (ulong)(AgentCapabilities.AcceptsPackages | AgentCapabilities.ReportsPackageStatuses);

    private sealed record Agent(OpAmpClient Client, TaskCompletionSource<PackagesAvailable> Offer);

    private async Task<Agent> Start(string env)
    {
        var offer = new TaskCompletionSource<PackagesAvailable>(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, $"pkg-{env}", c =>
        {
            c.Status.Description.NonIdentifyingAttributes.Add(new KeyValue { Key = "env", Value = new AnyValue { StringValue = env } });
            c.MessageReceived += m => { if (m.PackagesAvailable is { } p) { offer.TrySetResult(p); } };
        }, capabilities: PackageCaps);
        await gateway.AgentWhen(client.InstanceUid, a => a.Connected(), "connected");
        return new Agent(client, offer);
    }

    [Fact]
    public async Task UploadedPackage_OfferedBySelector_DownloadedWithRange_StatusTracked()
    {
        var tag = "p" + Guid.NewGuid().ToString("N")[..8];
        var early = await Start(tag);
        var outsider = await Start(tag + "-other");
        var content = RandomNumberGenerator.GetBytes(10_000);

        var upload = await gateway.Api.PutAsync($"/api/packages/{tag}/versions/1.0.0/file", new ByteArrayContent(content));
        upload.EnsureSuccessStatusCode();
        var uploaded = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), uploaded.GetProperty("sha256").GetString());
        (await gateway.Api.PutAsJsonAsync($"/api/packages/{tag}", new { version = "1.0.0", type = "addon", selector = $"env={tag}" })).EnsureSuccessStatusCode();
        var late = await Start(tag);

        foreach (var agent in new[] { early, late })
        {
            var offer = await agent.Offer.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var package = offer.Packages[tag];
            Assert.Equal("1.0.0", package.Version);
            Assert.Equal(PackageType.Addon, package.Type);

            using var http = new HttpClient();
            var ranged = new HttpRequestMessage(HttpMethod.Get, package.File.DownloadUrl);
            ranged.Headers.Range = new RangeHeaderValue(0, 99);
            using var partial = await http.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(content[..100], await partial.Content.ReadAsByteArrayAsync());
            var downloaded = await http.GetByteArrayAsync(package.File.DownloadUrl);
            Assert.Equal(package.File.ContentHash.ToByteArray(), SHA256.HashData(downloaded));

            agent.Client.Status.PackageStatuses = new PackageStatuses
            {
                ServerProvidedAllPackagesHash = offer.AllPackagesHash,
                Packages = { [tag] = new PackageStatus { Name = tag, AgentHasVersion = "1.0.0", ServerOfferedVersion = "1.0.0", Status = PackageStatusEnum.Installed, AgentHasHash = package.Hash } },
            };
            agent.Client.RequestSend();
        }
        await Task.Delay(300);
        Assert.False(outsider.Offer.Task.IsCompleted, "an agent outside the selector is offered nothing");

        await Eventually.True(async () =>
        {
            var list = await gateway.Api.GetFromJsonAsync<JsonElement>("/api/packages");
            var entry = list.EnumerateArray().Single(p => p.GetProperty("name").GetString() == tag);
            return entry.GetProperty("agents").TryGetProperty("installed", out var installed) && installed.GetInt32() == 2;
        }, "both installs are counted");
        var detail = await gateway.Agent(early.Client.InstanceUid);
        Assert.Equal("Installed", detail!.Value.GetProperty("packageStatuses")[0].GetProperty("status").GetString());

        foreach (var agent in new[] { early, late, outsider })
        {
            await agent.Client.DisposeAsync();
        }
    }

    [Fact]
    public async Task Register_ExternalUrlWithBadHash_400()
    {
        var response = await gateway.Api.PutAsJsonAsync("/api/packages/ext", new { version = "1", downloadUrl = "https://example.invalid/p.tgz", sha256 = "abc" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Register_NoUrlAndNoUploadedFile_400()
    {
        var response = await gateway.Api.PutAsJsonAsync("/api/packages/nothing-uploaded", new { version = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Download_UnknownPackage_404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.OpAmpHttp.GetAsync("/v1/packages/none/1")).StatusCode);

    [Fact]
    public async Task Remove_UnknownPackage_404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Api.DeleteAsync("/api/packages/never-registered")).StatusCode);
}
