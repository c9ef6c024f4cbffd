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
                    password = ReferenceEquals(stdin, Console.In) && !Console.IsInputRedirected
                        ? ReadHidden(output)
                        : await stdin.ReadLineAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Reads a password from the terminal without echoing it.</summary>
    private static string ReadHidden(TextWriter output)
    {
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0) password.Length--;
                continue;
            }
            if (!char.IsControl(key.KeyChar)) password.Append(key.KeyChar);
        }
        output.WriteLine();
        return password.ToString();
    }
}
