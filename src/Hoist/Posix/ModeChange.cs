namespace Hoist.Posix;

/// <summary>
/// A <c>--chmod</c> value. Octal (<c>755</c>, <c>0644</c>, up to <c>07777</c>) replaces the mode of every copied
/// entry, directories included; symbolic (<c>u+x</c>, <c>go=rX</c>, <c>g=u</c>, BSD setmode syntax as BuildKit's
/// dchapes-mode) edits each entry's own mode. Symlinks are never changed.
/// </summary>
public sealed class ModeChange
{
    private const int SetUid = 0b100_000_000_000, SetGid = 0b010_000_000_000, Sticky = 0b001_000_000_000;
    private const int StandardBits = SetUid | SetGid | 0b111_111_111;

    private readonly IReadOnlyList<Command> _commands;

    private ModeChange(string text, int? octal, IReadOnlyList<Command> commands)
    {
        Text = text;
        Octal = octal;
        _commands = commands;
    }

    private enum Op { Add, Remove, AddIfExecutable, CopyFrom }

    /// <summary>One step. For CopyFrom (<c>g=u</c>), <paramref name="Source"/> is the shift of the triplet read (6, 3, 0),
    /// <paramref name="Bits"/> the triplets written; <paramref name="Assign"/> clears them first, <paramref name="Clear"/>
    /// removes the copied bits instead of adding them.</summary>
    private sealed record Command(Op Op, int Bits, int Source = 0, bool Assign = false, bool Clear = false);

    public string Text { get; }

    /// <summary>The octal mode when the value was numeric.</summary>
    public int? Octal { get; }

    public static ModeChange Parse(string text)
    {
        var nonOctal = $"invalid chmod parameter: '{text}'. it should be octal string and between 0 and 07777";
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            if (text.Any(c => c is '8' or '9')) throw new HoistException(nonOctal);
            var digits = text.TrimStart('0');
            var value = digits.Length == 0 ? 0 : digits.Length > 5 ? int.MaxValue : Convert.ToInt32(digits, 8);
            if (value > 0b111_111_111_111) throw new HoistException(nonOctal);
            return new ModeChange(text, value, []);
        }
        if (text.Length > 0 && char.IsAsciiDigit(text[0])) throw new HoistException(nonOctal);
        return new ModeChange(text, null, ParseSymbolic(text) ?? throw new HoistException($"invalid chmod parameter: '{text}': invalid syntax"));
    }

    /// <summary>The mode an entry gets; <paramref name="mode"/> is its permission and special bits (07777).</summary>
    public int Apply(int mode, bool isDirectory)
    {
        if (Octal is { } octal) return octal & 0b111_111_111_111;
        var original = mode;
        foreach (var command in _commands)
        {
            switch (command.Op)
            {
                case Op.Add:
                    mode |= command.Bits;
                    break;
                case Op.Remove:
                    mode &= ~command.Bits;
                    break;
                case Op.AddIfExecutable:
                    // X looks at the mode before this --chmod, like chmod(1).
                    if ((original & 0b001_001_001) != 0 || isDirectory) mode |= command.Bits;
                    break;
                case Op.CopyFrom:
                    var value = (mode >> command.Source) & 0b000_000_111;
                    foreach (var shift in (int[])[6, 3, 0])
                    {
                        if ((command.Bits & (0b000_000_111 << shift)) == 0) continue;
                        if (command.Assign) mode &= ~(0b000_000_111 << shift);
                        if (command.Clear) mode &= ~(value << shift);
                        else mode |= value << shift;
                    }
                    break;
            }
        }
        return mode & 0b111_111_111_111;
    }

    public override string ToString() => Text;

    /// <summary>clause[,clause...]; clause = who* (op perms)+; who = [ugoa]; op = [+-=]; perms = [rwxXst]* | one of [ugo].</summary>
    private static List<Command>? ParseSymbolic(string text)
    {
        var commands = new List<Command>();
        var i = 0;
        while (true)
        {
            var who = 0;
            for (; i < text.Length && text[i] is 'a' or 'u' or 'g' or 'o'; i++)
            {
                who |= text[i] switch { 'a' => StandardBits, 'u' => SetUid | 0b111_000_000, 'g' => SetGid | 0b000_111_000, _ => 0b000_000_111 };
            }
            if (i >= text.Length) return null;
            do
            {
                var op = text[i++];
                if (op is not ('+' or '-' or '=')) return null;
                var perms = 0;
                var conditionalExecute = false;
                int? copySource = null;
                var clauseWho = who;
                for (; i < text.Length && text[i] is 'r' or 'w' or 'x' or 'X' or 's' or 't' or 'u' or 'g' or 'o'; i++)
                {
                    switch (text[i])
                    {
                        case 'r': perms |= 0b100_100_100; break;
                        case 'w': perms |= 0b010_010_010; break;
                        case 'x': perms |= 0b001_001_001; break;
                        // BuildKit's setmode honours X with "=" as with "+" (a=rX gives 0755 to directories and executables).
                        case 'X': conditionalExecute |= op is '+' or '='; break;
                        case 's': if (who == 0 || (who & ~0b000_000_111) != 0) perms |= SetUid | SetGid; break;
                        case 't':
                            if (who == 0 || (who & ~0b000_000_111) != 0)
                            {
                                clauseWho |= Sticky;
                                perms |= Sticky;
                            }
                            break;
                        default: copySource = text[i] switch { 'u' => 6, 'g' => 3, _ => 0 }; break;
                    }
                }
                // With no "who", BSD setmode applies to everything the umask allows; BuildKit passes umask 0.
                var scope = clauseWho != 0 ? clauseWho : 0xFFFF;
                if (op == '=' && copySource is null) commands.Add(new Command(Op.Remove, who != 0 ? clauseWho : StandardBits));
                if (perms != 0) commands.Add(new Command(op == '-' ? Op.Remove : Op.Add, scope & perms));
                if (conditionalExecute) commands.Add(new Command(Op.AddIfExecutable, scope & 0b001_001_001));
                if (copySource is { } source)
                {
                    var triplets = who != 0 ? who & 0b111_111_111 : 0b111_111_111;
                    commands.Add(new Command(Op.CopyFrom, triplets, source, Assign: op == '=', Clear: op == '-'));
                }
            }
            while (i < text.Length && text[i] != ',');
            if (i >= text.Length) return commands;
            i++;
        }
    }
}
