using System.Diagnostics;
using System.Security.Cryptography;
using Fleet.Contracts.OpAmp;

namespace Fleet.Supervisor.Packages;

/// <summary>
/// Fetches a package file with HTTP GET (with the offer's headers) into a new file, hashing it on the
/// way: the caller compares the SHA-256 with the offered content hash before using the file.
/// </summary>
/// <param name="serverHeaders">
/// The OpAMP connection's headers (its Authorization) for files served by the OpAMP server itself,
/// which asks downloads for the same credentials as agents; null for other hosts, never sent there.
/// </param>
internal sealed class PackageDownloader(HttpClient http, TimeSpan timeout, Func<Uri, IEnumerable<KeyValuePair<string, string>>?>? serverHeaders = null)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Writes the file to <paramref name="destination"/>; returns the SHA-256 of what was written.</summary>
    public async Task<byte[]> DownloadAsync(DownloadableFile file, string destination, Action<PackageDownloadDetails> progress, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(file.DownloadUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new PackageInstallException($"download URL '{file.DownloadUrl}' is not an http(s) URL");
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            foreach (var (name, value) in serverHeaders?.Invoke(url) ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            foreach (var header in file.Headers?.Headers_ ?? [])
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new PackageInstallException($"download {url} answered HTTP {(int)response.StatusCode}");
            }
            var total = response.Content.Headers.ContentLength;
            await using var source = await response.Content.ReadAsStreamAsync(limit.Token);
            await using var target = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            var received = 0L;
            var clock = Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            int read;
            while ((read = await source.ReadAsync(buffer, limit.Token)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), limit.Token);
                sha256.AppendData(buffer, 0, read);
                received += read;
                if (clock.Elapsed - lastReport >= ProgressInterval)
                {
                    lastReport = clock.Elapsed;
                    progress(new PackageDownloadDetails
                    {
                        DownloadPercent = total is > 0 ? 100.0 * received / total.Value : 0,
                        DownloadBytesPerSecond = received / Math.Max(clock.Elapsed.TotalSeconds, 0.001),
                    });
                }
            }
            target.Flush(flushToDisk: true);
            return sha256.GetHashAndReset();
        }
        catch (HttpRequestException e)
        {
            throw new PackageInstallException($"download {url} failed: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PackageInstallException($"download {url} did not finish within {timeout}", e);
        }
        catch (IOException e)
        {
            throw new PackageInstallException($"download {url} failed: {e.Message}", e);
        }
    }
}
