using System.CommandLine;
using Hoist.Registry;

namespace Hoist.Cli;

/// <summary><c>hoist login [-u USER] [--password-stdin] SERVER</c>, storing credentials the way docker login does.</summary>
public static class LoginCommand
{
    public static Command Create(TextReader stdin)
    {
        var server = new Argument<string>("server") { Description = "Registry host, e.g. docker.io or localhost:5000" };
        var username = new Option<string?>("--username", "-u") { Description = "Username" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input" };
        var command = new Command("login", "Log in to a registry (credentials go to $DOCKER_CONFIG/config.json, as docker's)")
        {
            server,
            username,
            passwordStdin,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var user = parse.GetValue(username);
                if (string.IsNullOrEmpty(user))
                {
                    output.Write("Username: ");
                    user = (await stdin.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim();
                }
                string? password;
                if (parse.GetValue(passwordStdin))
                {
                    password = (await stdin.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).TrimEnd('\r', '\n');
                }
                else
                {
                    output.Write("Password: ");
                    password = await stdin.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                }
                var credential = new RegistryCredential(user ?? "", password ?? "");
                var options = new RegistryClientOptions { Configuration = RegistryConfiguration.Load() };
                var path = await RegistryLogin.LoginAsync(parse.GetValue(server)!, credential, options, null, cancellationToken)
                    .ConfigureAwait(false);
                output.WriteLine($"Login Succeeded (credentials stored in {path})");
                return 0;
            }
            catch (HoistException e)
            {
                error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
