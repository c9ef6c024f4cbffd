namespace Hoist.Execution;

/// <summary>The environment of a RUN process: the image's ENV and the build args in scope, plus the defaults runc and BuildKit add.</summary>
public static class ProcessEnvironment
{
    /// <summary>BuildKit's PATH when the image sets none.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// <paramref name="variables"/> are <c>KEY=value</c> in precedence order (a later key replaces an earlier one in place).
    /// PATH defaults to <see cref="DefaultPath"/> and HOME to the user's home directory when missing.
    /// </summary>
    public static IReadOnlyList<string> Build(IEnumerable<string> variables, string home)
    {
        var result = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var variable in variables)
        {
            var key = variable.Split('=', 2)[0];
            if (index.TryGetValue(key, out var at))
            {
                result[at] = variable;
            }
            else
            {
                index[key] = result.Count;
                result.Add(variable);
            }
        }
        if (!index.ContainsKey("PATH")) result.Add("PATH=" + DefaultPath);
        if (!index.ContainsKey("HOME")) result.Add("HOME=" + home);
        return result;
    }
}
