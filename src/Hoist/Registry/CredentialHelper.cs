using System.Diagnostics;
using System.Text.Json;

namespace Hoist.Registry;

/// <summary>
/// Runs a docker credential helper (<c>docker-credential-NAME get</c>): the server URL on stdin, a JSON
/// <c>{ServerURL, Username, Secret}</c> on stdout. The secret never reaches an exception message.
/// </summary>
internal static class CredentialHelper
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<RegistryCredential?> GetAsync(string helperName, string serverUrl, CancellationToken cancellationToken)
    {
        var program = "docker-credential-" + helperName;
        var psi = new ProcessStartInfo(program, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new HoistException($"credential helper {program} could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new HoistException($"credential helper {program} not found on PATH", e);
        }
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.StandardInput.WriteAsync(serverUrl.AsMemory(), timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                var output = await stdout.ConfigureAwait(false);
                var errorOutput = await stderr.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    // The protocol's "not found" answer is an ordinary miss, not a failure.
                    if ((output + errorOutput).Contains("credentials not found", StringComparison.OrdinalIgnoreCase)) return null;
                    throw new HoistException($"credential helper {program} failed (exit {process.ExitCode}): {FirstLine(output + errorOutput)}");
                }
                CredentialHelperReply? reply;
                try
                {
                    reply = JsonSerializer.Deserialize(output, RegistryJsonContext.Default.CredentialHelperReply);
                }
                catch (JsonException)
                {
                    throw new HoistException($"credential helper {program} printed something that is not its JSON reply");
                }
                if (reply is null || string.IsNullOrEmpty(reply.Secret)) return null;
                return new RegistryCredential(reply.Username ?? "", reply.Secret);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new HoistException($"credential helper {program} did not answer within {Timeout.TotalSeconds:0} seconds");
            }
        }
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOf('\n');
        return newline < 0 ? trimmed : trimmed[..newline];
    }
}
