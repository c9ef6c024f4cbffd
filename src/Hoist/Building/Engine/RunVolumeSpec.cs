namespace Hoist.Building.Engine;

/// <summary>
/// docker's <c>-v [SOURCE:]TARGET[:MODE,…]</c> (the daemon's Linux <c>parseMountRaw</c>, the CLI's relative paths):
/// SOURCE is an absolute host path, a path starting with <c>.</c> (made absolute against the working directory, as the
/// docker CLI does), or a volume name (<see cref="VolumeStore.Validate"/>); without one the volume is anonymous. Modes:
/// <c>ro</c>, <c>rw</c>, <c>nocopy</c> (named and anonymous volumes), and the SELinux and propagation modes docker
/// accepts, which change nothing here.
/// </summary>
public static class RunVolumeSpec
{
    private static readonly HashSet<string> IgnoredModes = new(StringComparer.Ordinal)
    {
        "z", "Z", "shared", "rshared", "slave", "rslave", "private", "rprivate", "consistent", "cached", "delegated",
    };

    public static RunVolume Parse(string spec, string workingDirectory)
    {
        var parts = spec.Split(':');
        var (source, target, modes) = parts.Length switch
        {
            1 => ("", parts[0], ""),
            2 when !parts[1].StartsWith('/') && IsModes(parts[1]) => ("", parts[0], parts[1]),
            2 => (parts[0], parts[1], ""),
            3 => (parts[0], parts[1], parts[2]),
            _ => throw new HoistException($"invalid volume specification: '{spec}'"),
        };
        if (target.Length == 0 || !target.StartsWith('/')) throw new HoistException($"invalid volume \"{spec}\": invalid mount path: '{target}' mount path must be absolute");
        if (target.TrimEnd('/').Length == 0) throw new HoistException($"invalid volume \"{spec}\": invalid specification: destination can't be '/'");
        if (modes.Length > 0 && !IsModes(modes)) throw new HoistException($"invalid volume \"{spec}\": invalid mode: {modes}");
        var flags = modes.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (flags.Contains("ro") && flags.Contains("rw")) throw new HoistException($"invalid volume \"{spec}\": invalid mode: {modes}");
        var volume = new RunVolume(target) { ReadOnly = flags.Contains("ro"), CopyUp = !flags.Contains("nocopy") };
        if (source.Length == 0) return volume;
        if (source.StartsWith('/') || source.StartsWith('.')) return Bind(spec, volume, Path.GetFullPath(source, workingDirectory), flags);
        VolumeStore.Validate(source);
        return volume with { VolumeName = source };
    }

    private static RunVolume Bind(string spec, RunVolume volume, string hostPath, string[] flags)
    {
        if (flags.Contains("nocopy")) throw new HoistException($"invalid volume \"{spec}\": invalid mode: nocopy (only for volumes)");
        if (!Path.Exists(hostPath)) throw new HoistException($"invalid volume \"{spec}\": {hostPath} does not exist");
        return volume with { HostPath = hostPath };
    }

    private static bool IsModes(string text) =>
        text.Split(',').All(m => m is "ro" or "rw" or "nocopy" || IgnoredModes.Contains(m));
}
