using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Fleet.Supervisor.Configuration;

/// <summary>Reads TimeSpan settings written as durations ("5s"); see <see cref="GoDuration"/>.</summary>
internal sealed class DurationYamlConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(TimeSpan);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        return GoDuration.TryParse(scalar.Value, out var duration) && duration >= TimeSpan.Zero
            ? duration
            : throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not a duration (e.g. 500ms, 5s, 1m30s)");
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        emitter.Emit(new Scalar(value is TimeSpan duration ? $"{duration.TotalMilliseconds}ms" : ""));
}
