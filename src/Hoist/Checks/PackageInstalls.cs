namespace Hoist.Checks;

/// <summary>Package names a shell command installs with a system package manager (apt, apk, yum/dnf, zypper).</summary>
internal static class PackageInstalls
{
    private static readonly string[] Managers = ["apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper"];

    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "install", "add", "in" };

    /// <summary>The packages in <paramref name="words"/> if it is an install command (sudo and env prefixes allowed).</summary>
    public static IReadOnlyList<string> Installed(string[] words)
    {
        var start = Array.FindIndex(words, w => Managers.Contains(w));
        if (start < 0) return [];
        var verb = Array.FindIndex(words, start + 1, w => !w.StartsWith('-'));
        if (verb < 0 || !Verbs.Contains(words[verb])) return [];
        // apk add --virtual NAME takes a name that is not a package.
        var packages = new List<string>();
        for (var i = verb + 1; i < words.Length; i++)
        {
            if (words[i] is "--virtual" or "-t") { i++; continue; }
            if (words[i].StartsWith('-') || words[i].Contains('$') || words[i] == "\\") continue;
            packages.Add(StripVersion(words[i]));
        }
        return packages;
    }

    /// <summary>True when the command removes packages again (a build-deps group installed and deleted in one RUN).</summary>
    public static bool Removes(string[] words)
    {
        var start = Array.FindIndex(words, w => Managers.Contains(w));
        return start >= 0 && words.Skip(start + 1).FirstOrDefault(w => !w.StartsWith('-')) is "del" or "remove" or "purge" or "autoremove" or "erase";
    }

    private static string StripVersion(string package)
    {
        var cut = package.IndexOfAny(['=', '>', '<', '~']);
        return cut > 0 ? package[..cut] : package;
    }
}
