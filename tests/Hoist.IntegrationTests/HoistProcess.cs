using System.Diagnostics;

namespace Hoist.IntegrationTests;

/// <summary>
/// Runs the real <c>hoist</c> executable: the Native AOT binary named by <c>HOIST_BIN</c> (set by scripts/test.sh),
/// otherwise the framework-dependent build copied next to the tests.
/// </summary>
public static class HoistProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs hoist to its end; <paramref name="launcher"/> (e.g. <c>taskset -c 0</c>) runs it when given.</summary>
    public static Result Run(IEnumerable<string> args, string? stdin = null, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, IReadOnlyList<string>? launcher = null)
    {
        var psi = StartInfo(workingDirectory);
        if (launcher is { Count: > 0 })
        {
            var hoistArgs = psi.ArgumentList.ToList();
            psi.ArgumentList.Clear();
            foreach (var arg in launcher.Skip(1).Append(psi.FileName).Concat(hoistArgs)) psi.ArgumentList.Add(arg);
            psi.FileName = launcher[0];
        }
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        if (environment is not null)
        {
            foreach (var (key, value) in environment) psi.Environment[key] = value;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start hoist");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hoist {string.Join(' ', args)} did not finish");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Starts hoist without waiting, standard output and error redirected, for tests that kill it or talk to what it
    /// serves. The caller reads the streams and disposes the process.
    /// </summary>
    public static Process Start(IEnumerable<string> args)
    {
        var psi = StartInfo(null);
        psi.RedirectStandardInput = false;
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start hoist");
    }

    /// <summary>The program and arguments that start hoist, for tests that run it through another program (script).</summary>
    public static IReadOnlyList<string> CommandLine()
    {
        var psi = StartInfo(null);
        return [psi.FileName, .. psi.ArgumentList];
    }

    private static ProcessStartInfo StartInfo(string? workingDirectory)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        var native = Environment.GetEnvironmentVariable("HOIST_BIN");
        if (!string.IsNullOrEmpty(native))
        {
            psi.FileName = native;
        }
        else
        {
            psi.FileName = "dotnet";
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hoist.Cli.dll"));
        }
        return psi;
    }

    /// <summary>The repository root (where Hoist.sln is), for examples and fixtures.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hoist.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }
}
