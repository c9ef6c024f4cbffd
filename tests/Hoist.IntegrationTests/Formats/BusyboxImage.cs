namespace Hoist.IntegrationTests.Formats;

/// <summary>
/// A store holding <c>busybox:latest</c>, made by <c>hoist import</c> of the busybox rootfs from scripts/fixtures.sh
/// (once per test class), and a scratch directory for archives, layouts and other stores.
/// </summary>
public sealed class BusyboxImage : IDisposable
{
    private readonly Lazy<(string Id, string RootfsTar)> _image;

    public BusyboxImage()
    {
        Scratch = Directory.CreateTempSubdirectory("hoist-formats-").FullName;
        Root = Path.Combine(Scratch, "store");
        _image = new Lazy<(string, string)>(() =>
        {
            var cache = Run("bash", Path.Combine(HoistProcess.RepositoryRoot, "scripts", "fixtures.sh")).Trim();
            var rootfs = Path.Combine(cache, "busybox-rootfs.tar");
            var id = Hoist(Root, "import", rootfs, "busybox:latest", "--change", "CMD [\"sh\"]", "--change", "ENV GREETING=hello").Trim();
            return (id, rootfs);
        });
    }

    public string Scratch { get; }

    /// <summary>The store with busybox:latest in it.</summary>
    public string Root { get; }

    /// <summary>The image ID (config digest) hoist import printed.</summary>
    public string Id => _image.Value.Id;

    public string RootfsTar => _image.Value.RootfsTar;

    public string NewPath(string name) => Path.Combine(Scratch, name + "-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Runs hoist with <c>--root</c>; fails the test on a non-zero exit.</summary>
    public static string Hoist(string root, params string[] args)
    {
        var result = HoistProcess.Run([.. args, "--root", root]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"hoist {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }

    /// <summary>Runs a tool and returns its standard output; fails the test when it fails.</summary>
    public static string Run(string file, params string[] args) => HostCommand.Run(file, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
