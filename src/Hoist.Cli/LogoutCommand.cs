using System.CommandLine;
using Hoist.Registry;

namespace Hoist.Cli;

/// <summary><c>hoist logout SERVER</c>: removes the stored credentials for a registry.</summary>
public static class LogoutCommand
{
    public static Command Create()
    {
        var server = new Argument<string>("server") { Description = "Registry host, e.g. docker.io or localhost:5000" };
        var command = new Command("logout", "Remove stored credentials for a registry") { server };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var host = parse.GetValue(server)!;
                var removed = await RegistryLogin.LogoutAsync(host, null, cancellationToken).ConfigureAwait(false);
                parse.InvocationConfiguration.Output.WriteLine(removed ? $"Removing login credentials for {host}" : $"Not logged in to {host}");
                return 0;
            }
            catch (HoistException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
