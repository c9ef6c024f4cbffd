namespace Hoist.Cli;

/// <summary>
/// <c>-f http(s)://…</c>: buildx downloads a Dockerfile given by URL (its "[internal] load URL" step) and builds the
/// local context with it. Hoist does the same into a private temporary directory, as a file named Dockerfile so errors
/// read <c>Dockerfile:N</c>; the directory goes when the build ends.
/// </summary>
public sealed class RemoteDockerfile : IDisposable
{
    /// <summary>The Dockerfile line limits make anything larger unusable anyway.</summary>
    private const long MaxBytes = 64L << 20;

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(60) };

    private readonly string _directory;

    private RemoteDockerfile(string directory)
    {
        _directory = directory;
    }

    public string Path => System.IO.Path.Combine(_directory, "Dockerfile");

    public static bool IsUrl(string? file) =>
        file is not null && (file.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || file.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Null when <paramref name="file"/> is not a URL.</summary>
    public static async Task<RemoteDockerfile?> FetchIfUrlAsync(string? file, CancellationToken cancellationToken)
    {
        if (!IsUrl(file) || !Uri.TryCreate(file, UriKind.Absolute, out var url)) return null;
        var remote = new RemoteDockerfile(Directory.CreateTempSubdirectory("hoist-dockerfile-").FullName);
        try
        {
            using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw new HoistException($"failed to read Dockerfile {file}: {(int)response.StatusCode} {response.ReasonPhrase}");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var target = File.Create(remote.Path);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > MaxBytes) throw new HoistException($"failed to read Dockerfile {file}: larger than {MaxBytes >> 20} MiB");
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            return remote;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            remote.Dispose();
            throw new HoistException($"failed to read Dockerfile {file}: {e.Message}", e);
        }
        catch
        {
            remote.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
