using System.Net;
using Hoist.Archives;
using Hoist.Building.Context;
using Hoist.Building.Context.Git;
using Hoist.Building.Copy;
using Hoist.Execution;
using Hoist.Planning;
using Hoist.Posix;

namespace Hoist.Building.Engine;

/// <summary>
/// A build context given as a URL, as <c>docker build URL</c> takes it (BuildKit's dockerui: a git repository, else an
/// HTTP download), fetched into a private temporary directory that goes when this is disposed. A download that is a tar
/// archive (plain, gzip, bzip2 or xz, by content as BuildKit's <c>isArchive</c>; zstd too, beyond BuildKit) is extracted
/// as the context; anything else is the Dockerfile, in a context holding only that file, named <c>context</c> as BuildKit
/// names it. Extraction never writes outside the directory (<see cref="LayerApplier"/>: <c>..</c>, absolute names and
/// symlinked parents stay inside), device nodes are left out, and both the download and what it unpacks to are bounded.
/// As in BuildKit, no <c>.dockerignore</c> applies to a remote context.
/// </summary>
public sealed class RemoteBuildContext : IDisposable
{
    /// <summary>The most a context download may hold.</summary>
    public const long MaxDownloadBytes = 2L << 30;

    /// <summary>The most an archive may unpack to (its uncompressed tar stream).</summary>
    public const long MaxUnpackedBytes = 16L << 30;

    /// <summary>The file name BuildKit gives an HTTP context (and so a Dockerfile downloaded as one).</summary>
    public const string DownloadName = "context";

    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = true,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    });

    private readonly string _root;

    private RemoteBuildContext(string url, string root, string directory, string? dockerfilePath)
    {
        Url = url;
        _root = root;
        Directory = directory;
        DockerfilePath = dockerfilePath;
    }

    /// <summary>The URL as given.</summary>
    public string Url { get; }

    /// <summary>The context's files.</summary>
    public string Directory { get; }

    /// <summary>The Dockerfile a plain-file download is; null when the context holds the Dockerfile (an archive, git).</summary>
    public string? DockerfilePath { get; }

    /// <summary>The Dockerfile a relative <c>-f</c> names inside the context (the download itself when the context is a
    /// plain file). An archive from elsewhere may hold a FIFO or a device by that name, which is refused: opening a FIFO
    /// waits for a writer forever.</summary>
    public string DockerfileAt(string file)
    {
        var path = DockerfilePath ?? RootfsPath.Resolve(Directory, file);
        if (Native.LStat(path) is { } status && !status.IsRegular && !status.IsDirectory)
        {
            throw new HoistException($"build context {Url}: {file} is not a regular file");
        }
        return path;
    }

    /// <summary>Whether <c>docker build</c> would read <paramref name="context"/> as a URL rather than a directory.</summary>
    public static bool IsUrl(string context) =>
        IsHttp(context) || NamedContext.IsGitUrl(context);

    public static async Task<RemoteBuildContext> FetchAsync(string url, CancellationToken cancellationToken)
    {
        var root = System.IO.Directory.CreateTempSubdirectory("hoist-context-").FullName;
        try
        {
            return NamedContext.IsGitUrl(url)
                ? await CheckOutAsync(url, root, cancellationToken).ConfigureAwait(false)
                : await DownloadAsync(url, root, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            System.IO.Directory.Delete(root, recursive: true);
            throw;
        }
    }

    private static bool IsHttp(string value) =>
        value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>A git context: the checkout of the commit its ref names (sub-directory and all), with the walled-off git
    /// that ADD uses.</summary>
    private static async Task<RemoteBuildContext> CheckOutAsync(string url, string root, CancellationToken cancellationToken)
    {
        GitSourceReference reference;
        try
        {
            reference = GitSourceReference.Parse(url);
        }
        catch (HoistException e)
        {
            throw new HoistException($"build context {url}: {e.Message}", e);
        }
        var git = new GitSource(prefix => System.IO.Directory.CreateDirectory(Path.Combine(root, prefix + Guid.NewGuid().ToString("N"))).FullName);
        var checkout = await git.CheckoutAsync(reference, System.IO.Directory.CreateDirectory(Path.Combine(root, "git")).FullName, cancellationToken)
            .ConfigureAwait(false);
        return new RemoteBuildContext(url, root, checkout.Directory, null);
    }

    private static async Task<RemoteBuildContext> DownloadAsync(string url, string root, CancellationToken cancellationToken)
    {
        var download = Path.Combine(root, "download");
        var lastModified = await SaveAsync(url, download, cancellationToken).ConfigureAwait(false);
        return FromDownload(url, root, download, lastModified, cancellationToken);
    }

    /// <summary>The context a download in <paramref name="root"/> makes: an archive unpacked into <c>root/context</c>,
    /// else a context holding the file as its Dockerfile, 0600 and dated <paramref name="lastModified"/> as BuildKit's
    /// HTTP source leaves it (<c>COPY context …</c> copies it so). The caller removes <paramref name="root"/> on failure.</summary>
    internal static RemoteBuildContext FromDownload(string url, string root, string download, DateTimeOffset? lastModified,
        CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(root, "context")).FullName;
        if (!IsArchive(download))
        {
            var dockerfile = Path.Combine(directory, DownloadName);
            File.Move(download, dockerfile);
            Native.SetMode(dockerfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (lastModified is { } time) File.SetLastWriteTimeUtc(dockerfile, time.UtcDateTime);
            return new RemoteBuildContext(url, root, directory, dockerfile);
        }
        try
        {
            using var file = File.OpenRead(download);
            using var bounded = new BoundedReadStream(ArchiveDecompressor.OpenRead(file), MaxUnpackedBytes,
                $"build context {url}: the archive unpacks to more than {MaxUnpackedBytes >> 30} GiB");
            LayerApplier.Apply(bounded, directory, new LayerApplyOptions { Devices = DeviceNodePolicy.Skip }, cancellationToken);
        }
        catch (Exception e) when (e is LayerApplyException or TarFormatException or InvalidDataException or EndOfStreamException
                                       or ZstdSharp.ZstdException or SharpCompress.Common.SharpCompressException)
        {
            throw new HoistException($"build context {url}: {e.Message}", e);
        }
        File.Delete(download);
        return new RemoteBuildContext(url, root, directory, null);
    }

    /// <summary>Downloads <paramref name="url"/> to <paramref name="path"/>; returns its Last-Modified time.</summary>
    private static async Task<DateTimeOffset?> SaveAsync(string url, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new HoistException($"build context {url}: invalid response status {(int)response.StatusCode} ({response.ReasonPhrase})");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var bounded = new BoundedReadStream(body, MaxDownloadBytes, $"build context {url}: larger than {MaxDownloadBytes >> 30} GiB");
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await bounded.CopyToAsync(file, 1 << 16, cancellationToken).ConfigureAwait(false);
            return response.Content.Headers.LastModified;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new HoistException($"build context {url}: {e.Message}", e);
        }
    }

    /// <summary>BuildKit's test on the download's first bytes: a compressed stream, or a tar header. zstd is an addition:
    /// BuildKit would read a zstd tarball as a Dockerfile and fail to parse it.</summary>
    private static bool IsArchive(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[6];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (ArchiveDetector.DetectCompression(head.AsSpan(0, read)) != ArchiveCompression.None) return true;
        stream.Position = 0;
        return ArchiveDetector.IsTarArchive(stream);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
