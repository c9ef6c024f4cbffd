using System.Net;
using System.Security.Cryptography;
using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// Fetches the URL sources of an ADD as BuildKit's HTTP source does: one GET (redirects followed), the file named
/// after the URL path (the Dockerfile frontend always names it so; Content-Disposition is not consulted), mode 0600
/// unless --chmod, its time from Last-Modified, and <c>--checksum</c> verified before anything reaches a layer. With
/// <c>--unpack=true</c> an archive is extracted into the destination instead, as a local archive is.
/// </summary>
internal static class UrlDownloader
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = true,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    });

    /// <summary>The plan with every download done: each becomes a File operation reading the file in <paramref name="scratch"/>.</summary>
    public static async Task<CopyPlan> FetchAsync(CopyPlan plan, string scratch, CancellationToken cancellationToken)
    {
        if (!plan.Operations.Any(o => o.Kind is CopyOperationKind.Download or CopyOperationKind.GitClone)) return plan;
        var operations = new List<CopyOperation>();
        var index = 0;
        foreach (var operation in plan.Operations)
        {
            switch (operation.Kind)
            {
                case CopyOperationKind.GitClone:
                    throw new InvalidOperationException("git sources are checked out before downloads (GitSourceCopies)");
                case CopyOperationKind.Download:
                    var path = Path.Combine(scratch, $"download-{index++}");
                    operations.Add(await DownloadAsync(operation, path, cancellationToken).ConfigureAwait(false));
                    break;
                default:
                    operations.Add(operation);
                    break;
            }
        }
        return plan with { Operations = operations };
    }

    /// <summary>The download as the copy to make: a file (0600 unless --chmod), or with --unpack=true an archive to
    /// extract into the destination.</summary>
    private static CopyOperation Downloaded(CopyOperation operation, string path, long size, DateTimeOffset? lastModified)
    {
        if (operation.UnpackInto is { } directory && IsArchive(path))
        {
            return operation with
            {
                Kind = CopyOperationKind.ExtractArchive, Destination = directory, SourcePath = path, SourceKind = FileKind.File,
                Size = size, KeepExisting = true,
            };
        }
        return operation with
        {
            Kind = CopyOperationKind.File,
            SourcePath = path,
            SourceKind = FileKind.File,
            Size = size,
            ModificationTime = lastModified,
        };
    }

    private static bool IsArchive(string path)
    {
        using var stream = File.OpenRead(path);
        return ArchiveDetector.IsTarArchive(stream);
    }

    private static async Task<CopyOperation> DownloadAsync(CopyOperation operation, string path, CancellationToken cancellationToken)
    {
        var url = operation.Url!;
        Digest? expected = null;
        if (operation.Checksum is not null)
        {
            if (!Digest.TryParse(operation.Checksum, out var parsed))
                throw new HoistException($"invalid checksum digest format: \"{operation.Checksum}\"");
            expected = parsed;
        }
        using var hash = expected?.Algorithm switch
        {
            null or "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            "sha384" => IncrementalHash.CreateHash(HashAlgorithmName.SHA384),
            "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
            var other => throw new HoistException($"ADD {url}: unsupported checksum algorithm {other}"),
        };
        HttpResponseMessage response;
        try
        {
            response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new HoistException($"ADD {url}: {e.Message}", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new HoistException($"ADD {url}: invalid response status {(int)response.StatusCode} ({response.ReasonPhrase})");
            long size = 0;
            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    size += read;
                }
            }
            var actual = $"{expected?.Algorithm ?? "sha256"}:{Convert.ToHexStringLower(hash.GetHashAndReset())}";
            if (expected is { } wanted && actual != wanted.ToString())
                throw new HoistException($"ADD {url}: digest mismatch: expected {wanted}, got {actual}");
            return Downloaded(operation, path, size, response.Content.Headers.LastModified);
        }
    }
}
