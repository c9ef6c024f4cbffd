using System.Text.Json;
using Hoist.Posix;

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
        var result = await RunAsync(program, serverUrl, cancellationToken).ConfigureAwait(false);
        var printed = result.Output + result.Error;
        if (result.ExitCode != 0)
        {
            // The protocol's "not found" answer is an ordinary miss, not a failure.
            if (printed.Contains("credentials not found", StringComparison.OrdinalIgnoreCase)) return null;
            throw new HoistException($"credential helper {program} failed (exit {result.ExitCode}): {FirstLine(printed)}");
        }
        CredentialHelperReply? reply;
        try
        {
            reply = JsonSerializer.Deserialize(result.Output, RegistryJsonContext.Default.CredentialHelperReply);
        }
        catch (JsonException)
        {
            throw new HoistException($"credential helper {program} printed something that is not its JSON reply");
        }
        if (reply is null || string.IsNullOrEmpty(reply.Secret)) return null;
        return new RegistryCredential(reply.Username ?? "", reply.Secret);
    }

    private static async Task<ChildProcessResult> RunAsync(string program, string serverUrl, CancellationToken cancellationToken)
    {
        try
        {
            return await ChildProcess.RunAsync(new ChildProcessStart(program, ["get"]) { Input = serverUrl, Timeout = Timeout },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ChildProcessStartException e)
        {
            throw new HoistException($"credential helper {program} not found on PATH", e);
        }
        catch (TimeoutException)
        {
            throw new HoistException($"credential helper {program} did not answer within {Timeout.TotalSeconds:0} seconds");
        }
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOf('\n');
        return newline < 0 ? trimmed : trimmed[..newline];
    }
}
