using Hoist.Content;

namespace Hoist.Tests.Content;

public sealed class StateDirectoryTests
{
    [Fact]
    public void Root_option_wins_and_is_made_absolute()
    {
        var previous = Environment.GetEnvironmentVariable(StateDirectory.EnvironmentVariable);
        Environment.SetEnvironmentVariable(StateDirectory.EnvironmentVariable, "/from/env");
        try
        {
            Assert.Equal(Path.GetFullPath("relative/store"), StateDirectory.Resolve("relative/store"));
            Assert.Equal("/from/env", StateDirectory.Resolve(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(StateDirectory.EnvironmentVariable, previous);
        }
    }

    [Fact]
    public void Without_overrides_root_uses_var_lib_and_users_their_data_home()
    {
        if (Environment.GetEnvironmentVariable(StateDirectory.EnvironmentVariable) is { Length: > 0 }) return;
        var isRoot = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:")).Split('\t', StringSplitOptions.RemoveEmptyEntries)[2] == "0";

        var resolved = StateDirectory.Resolve();

        if (isRoot) Assert.Equal("/var/lib/hoist", resolved);
        else Assert.EndsWith(Path.Combine("share", "hoist"), resolved);
    }
}
