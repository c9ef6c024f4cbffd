namespace Hoist.Cli;

public static class Program
{
    public static int Main(string[] args) => HoistCommand.Run(args);
}
