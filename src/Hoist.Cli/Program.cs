using Hoist.Posix;

namespace Hoist.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        MallocSettings.Apply();
        return HoistCommand.Run(args);
    }
}
