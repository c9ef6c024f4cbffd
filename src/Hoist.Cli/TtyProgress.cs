using System.Diagnostics;
using System.Text;
using Hoist.Building.Engine;

namespace Hoist.Cli;

/// <summary>
/// A live view for terminals (<c>--progress tty</c>, the default when stderr is one): finished steps scroll up as
/// permanent lines (<c> => [2/3] RUN make  3.1s</c>); below them a redrawn area shows the header (steps done of the
/// steps the build planned, fixed when the plan starts), every running step
/// with its elapsed time and the last lines of its output. Plain ANSI (cursor up, clear to end of screen), redrawn
/// ten times a second; lines are cut to the terminal width so the redraw never miscounts wrapped lines.
/// </summary>
public sealed class TtyProgress : BuildProgress
{
    /// <summary>Output lines kept per running step.</summary>
    public const int TailLines = 6;

    private readonly TextWriter _writer;
    private readonly Func<TimeSpan> _clock;
    private readonly int _width;
    private readonly Lock _gate = new();
    private readonly List<RunningStep> _running = [];
    private readonly List<string> _finished = [];
    private readonly Timer? _timer;
    private int _liveLines, _started, _done, _planned;
    private bool _closed;

    /// <param name="writer">The terminal (stderr).</param>
    /// <param name="width">Terminal columns.</param>
    /// <param name="clock">Time since the build started; a stopwatch by default.</param>
    /// <param name="live">Redraw on a timer; tests call <see cref="Frame"/> themselves.</param>
    public TtyProgress(TextWriter writer, int width, Func<TimeSpan>? clock = null, bool live = true)
    {
        _writer = writer;
        _width = Math.Max(20, width);
        if (clock is null)
        {
            var watch = Stopwatch.StartNew();
            clock = () => watch.Elapsed;
        }
        _clock = clock;
        if (live) _timer = new Timer(_ => Redraw(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    private sealed class RunningStep(BuildStep step, TimeSpan started)
    {
        public BuildStep Step { get; } = step;

        public TimeSpan Started { get; } = started;

        public Queue<string> Tail { get; } = new();

        /// <summary>Why the step missed the cache: a line under it while it runs and once it is done.</summary>
        public string? Miss { get; set; }
    }

    protected override void OnStarted(BuildStep step)
    {
        lock (_gate)
        {
            _running.Add(new RunningStep(step, _clock()));
            _started++;
        }
    }

    protected override void OnStepsPlanned(int count)
    {
        lock (_gate) _planned += count;
    }

    protected override void OnOutput(BuildStep step, string line)
    {
        lock (_gate)
        {
            if (_running.Find(r => r.Step.Id == step.Id) is not { } running) return;
            running.Tail.Enqueue(line);
            while (running.Tail.Count > TailLines) running.Tail.Dequeue();
        }
    }

    protected override void OnMissed(BuildStep step, string reason)
    {
        lock (_gate)
        {
            if (_running.Find(r => r.Step.Id == step.Id) is { } running) running.Miss = reason;
        }
    }

    protected override void OnCompleted(BuildStep step, TimeSpan elapsed) => Finish(step, $" => {step.Title}", elapsed);

    protected override void OnFailed(BuildStep step, TimeSpan elapsed, string error) => Finish(step, $" => ERROR {step.Title}", elapsed);

    protected override void OnCached(BuildStep step) => Finish(step, $" => CACHED {step.Title}", TimeSpan.Zero);

    private void Finish(BuildStep step, string text, TimeSpan elapsed)
    {
        lock (_gate)
        {
            var miss = _running.Find(r => r.Step.Id == step.Id)?.Miss;
            _running.RemoveAll(r => r.Step.Id == step.Id);
            _finished.Add(WithTime(text, elapsed));
            if (miss is not null) _finished.Add(Fit($" => => MISS {miss}"));
            _done++;
        }
    }

    /// <summary>
    /// The text that brings the screen up to date: erase the live area drawn last time, print steps finished since as
    /// permanent lines, draw the live area again (or, when <paramref name="final"/>, a last header and no live area).
    /// </summary>
    public string Frame(bool final = false)
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            if (_liveLines > 0) text.Append($"\r\e[{_liveLines}A\e[J");
            foreach (var line in _finished) text.Append(line).Append('\n');
            _finished.Clear();
            var now = _clock();
            // The total is the plan's from the start (BuildKit knows its graph up front); steps nobody announced count once started.
            var header = $"[+] Building {Seconds(now)}s ({_done}/{Math.Max(_planned, _started)}){(final ? " FINISHED" : "")}";
            text.Append(Fit(header)).Append('\n');
            _liveLines = 1;
            if (final)
            {
                _liveLines = 0;
                return text.ToString();
            }
            foreach (var running in _running)
            {
                text.Append(WithTime($" => {running.Step.Title}", now - running.Started)).Append('\n');
                _liveLines++;
                if (running.Miss is { } miss)
                {
                    text.Append(Fit($" => => MISS {miss}")).Append('\n');
                    _liveLines++;
                }
                foreach (var line in running.Tail)
                {
                    text.Append(Fit($" => => # {line}")).Append('\n');
                    _liveLines++;
                }
            }
            return text.ToString();
        }
    }

    private void Redraw()
    {
        lock (_gate)
        {
            if (_closed) return;
            _writer.Write(Frame());
            _writer.Flush();
        }
    }

    /// <summary>Stops the live area, leaving the finished steps and a final header on screen.</summary>
    private void Close()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            _timer?.Dispose();
            _writer.Write(Frame(final: true));
            _writer.Flush();
        }
    }

    public override void BuildSucceeded(BuildResult result)
    {
        Close();
        lock (_writer) BuildCommand.WriteSummary(_writer, result);
    }

    public override void BuildFailed(BuildStepException error, string fileName)
    {
        Close();
        WriteFailure(_writer, error, fileName);
    }

    public override void Dispose()
    {
        Close();
        base.Dispose();
    }

    /// <summary>Text and elapsed time on one line, the time right-aligned when there is room.</summary>
    private string WithTime(string text, TimeSpan elapsed)
    {
        var time = $"{Seconds(elapsed)}s";
        var room = _width - 1 - time.Length - 1;
        text = Fit(text, room);
        return text + new string(' ', Math.Max(1, room - text.Length + 1)) + time;
    }

    /// <summary>One screen line: control characters (a tool's own escapes, carriage returns) blanked, cut to the width.</summary>
    private string Fit(string text, int? room = null)
    {
        var limit = room ?? _width - 1;
        var clean = new StringBuilder(Math.Min(text.Length, limit));
        foreach (var c in text)
        {
            if (clean.Length >= limit) break;
            clean.Append(char.IsControl(c) ? ' ' : c);
        }
        return clean.ToString();
    }
}
