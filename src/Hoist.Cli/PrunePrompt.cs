namespace Hoist.Cli;

/// <summary>docker's prune confirmation: the warning, then <c>Are you sure you want to continue? [y/N]</c>; anything
/// but y or yes on standard input declines.</summary>
public static class PrunePrompt
{
    public static bool Confirm(TextWriter output, string warning)
    {
        output.WriteLine(warning);
        output.Write("Are you sure you want to continue? [y/N] ");
        output.Flush();
        var answer = Console.In.ReadLine()?.Trim().ToLowerInvariant();
        if (answer is "y" or "yes") return true;
        output.WriteLine();
        return false;
    }
}
