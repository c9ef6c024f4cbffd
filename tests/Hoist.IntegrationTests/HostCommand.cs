using System.Diagnostics;

namespace Hoist.IntegrationTests;

/// <summary>Runs host tools (tar, umount, skopeo, …) for test set-up and checks.</summary>
public static class HostCommand
{
    /// <summary>Runs a tool and returns its standard output; fails the test when it exits non-zero.</summary>
    public static string Run(string file, params string[] args)
    {
        var (exitCode, stdout, stderr) = Execute(file, args);
        if (exitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {exitCode}: {stderr}");
        return stdout;
    }

    /// <summary>Runs a tool and says whether it exited 0.</summary>
    public static bool Succeeds(string file, params string[] args) => Execute(file, args).ExitCode == 0;

    private static (int ExitCode, string Stdout, string Stderr) Execute(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}
