namespace Hoist.Dockerfile.Instructions;

/// <summary>
/// Instructions whose words BuildKit expands with the stage's variables (ADD, COPY, ENV, EXPOSE, FROM, LABEL,
/// STOPSIGNAL, USER, VOLUME, WORKDIR, ARG defaults, and flags such as --chown/--chmod/--from/--mount).
/// <paramref name="expandWord"/> expands and unquotes one word; <paramref name="expandWords"/> expands a text into
/// words (used where one argument may become several).
/// </summary>
public interface IExpandable
{
    Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords);
}
