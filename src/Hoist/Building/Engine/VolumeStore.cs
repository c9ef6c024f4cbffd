using System.Globalization;
using System.Text.RegularExpressions;
using Hoist.Content;
using Hoist.Execution;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// Named volumes under <c>&lt;root&gt;/volumes</c>, laid out as docker's local driver keeps them: <c>NAME/_data</c> is what
/// containers mount, <c>NAME/created</c> the creation time, <c>NAME/anonymous</c> marks one made for a single container
/// (docker's <c>com.docker.volume.anonymous</c> label). A volume is created whole (in a temporary directory, then
/// renamed), so a half-made one is never listed. A container using a volume holds a shared flock on <c>NAME/lock</c>
/// for as long as it runs; removing takes it exclusively, so a volume in use is never removed (docker: "volume is in
/// use"). Nothing here is touched by <c>hoist prune</c>, as <c>docker system prune</c> keeps volumes.
/// </summary>
public sealed partial class VolumeStore(string stateRoot)
{
    private const string DataDirectory = "_data";
    private const string CreatedFile = "created";
    private const string LockFile = "lock";
    private const string AnonymousFile = "anonymous";

    public string Root { get; } = Path.Combine(stateRoot, "volumes");

    /// <summary>docker's local driver's name check, with its messages (docker 28.5).</summary>
    public static void Validate(string name)
    {
        if (ValidName().IsMatch(name)) return;
        if (name.Length == 1 && char.IsAsciiLetterOrDigit(name[0]))
        {
            throw new HoistException($"create {name}: volume name is too short, names should be at least two alphanumeric characters");
        }
        throw new HoistException($"create {name}: \"{name}\" includes invalid characters for a local volume name, "
            + "only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex ValidName();

    public NamedVolume? Get(string name)
    {
        Validate(name);
        var directory = Path.Combine(Root, name);
        if (!Directory.Exists(Path.Combine(directory, DataDirectory))) return null;
        var created = File.Exists(Path.Combine(directory, CreatedFile))
            && DateTimeOffset.TryParse(File.ReadAllText(Path.Combine(directory, CreatedFile)).Trim(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : new DateTimeOffset(Directory.GetLastWriteTimeUtc(directory), TimeSpan.Zero);
        return new NamedVolume(name, Path.Combine(directory, DataDirectory), created, File.Exists(Path.Combine(directory, AnonymousFile)));
    }

    /// <summary>The volume, created when missing (docker's <c>volume create</c> of an existing name returns it).</summary>
    public NamedVolume Create(string name) => Create(name, anonymous: false);

    private NamedVolume Create(string name, bool anonymous)
    {
        if (Get(name) is { } existing) return existing;
        Directory.CreateDirectory(Root);
        var staging = Path.Combine(Root, ".creating-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(staging, DataDirectory));
        Posix.Native.SetMode(Path.Combine(staging, DataDirectory), (UnixFileMode)Convert.ToInt32("755", 8));
        File.WriteAllText(Path.Combine(staging, CreatedFile), DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\n");
        if (anonymous) File.WriteAllBytes(Path.Combine(staging, AnonymousFile), []);
        try
        {
            Directory.Move(staging, Path.Combine(Root, name));
        }
        catch (IOException) when (Get(name) is not null)
        {
            Directory.Delete(staging, recursive: true); // another process created it first
        }
        return Get(name) ?? throw new HoistException($"volume {name} could not be created under {Root}");
    }

    /// <summary>A volume for one container, never to be seen again (docker's anonymous volume of <c>-v /path</c>,
    /// removed with its <c>--rm</c> container): a random 64-hex name as docker gives.</summary>
    public NamedVolume CreateAnonymous() => Create(RandomName(), anonymous: true);

    /// <summary>What docker names a volume given no name: 64 random hex digits.</summary>
    public static string RandomName() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Every volume, by name.</summary>
    public IReadOnlyList<NamedVolume> List()
    {
        if (!Directory.Exists(Root)) return [];
        return [.. Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>()
            .Where(n => ValidName().IsMatch(n)).Order(StringComparer.Ordinal).Select(Get).OfType<NamedVolume>()];
    }

    /// <summary>Marks the volume in use until disposed: shared, so several containers may use it at once.</summary>
    public FileLock Use(NamedVolume volume)
    {
        try
        {
            return FileLock.Acquire(LockPath(volume.Name), exclusive: false);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new HoistException($"volume {volume.Name} was removed while the container started", e);
        }
    }

    /// <summary>Whether a running container uses the volume (docker's dangling=false).</summary>
    public bool InUse(NamedVolume volume)
    {
        using var probe = FileLock.TryAcquire(LockPath(volume.Name), exclusive: true);
        return probe is null;
    }

    /// <summary>Removes the volume unless a container uses it; false when it is in use. Renamed away first, so a
    /// removal cut short leaves no half-emptied volume under its name.</summary>
    public bool TryRemove(NamedVolume volume)
    {
        using (var held = FileLock.TryAcquire(LockPath(volume.Name), exclusive: true))
        {
            if (held is null) return false;
            var doomed = Path.Combine(Root, ".removing-" + Guid.NewGuid().ToString("N"));
            Directory.Move(Path.Combine(Root, volume.Name), doomed);
            ScratchSpace.DeleteTree(doomed);
        }
        return true;
    }

    /// <summary>Bytes the volume holds (each inode once).</summary>
    public static long SizeOf(NamedVolume volume) => DiskUsage.Of(volume.Mountpoint);

    /// <summary>
    /// docker's copy-up: a volume that is empty when a container mounts it at <paramref name="path"/> is filled with
    /// what the image has there (a directory: its content, owners, modes and the directory's own owner and mode, as
    /// <c>cp -a</c> keeps them); a volume with anything in it is left alone.
    /// </summary>
    public static void Seed(NamedVolume volume, string rootfs, string path)
    {
        if (Directory.EnumerateFileSystemEntries(volume.Mountpoint).Any()) return;
        var source = RootfsPath.Resolve(rootfs, path);
        if (Posix.Native.LStat(source) is not { IsDirectory: true }) return;
        TreeCopy.Copy(source, volume.Mountpoint);
    }

    private string LockPath(string name) => Path.Combine(Root, name, LockFile);
}
