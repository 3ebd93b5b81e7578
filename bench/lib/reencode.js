/**
 * The throughput baseline: `node bench/lib/reencode.js IN OUT` reads an OTLP/protobuf file with the same
 * reader as `autoscope sample`, re-encodes every batch as one ExportTraceServiceRequest with the same
 * writer, and prints `{"spans": N}`. No assembly, no sampling.
 */
import { newReadStats, OtlpProtobufWriter, readOtlpProtobufFile } from '@autoscope/formats';

const [input, output] = process.argv.slice(2);
const writer = new OtlpProtobufWriter(output);
let spans = 0;
for await (const batch of readOtlpProtobufFile(input, newReadStats())) {
  spans += batch.length;
  await writer.write(batch);
}
await writer.close();
process.stdout.write(`${JSON.stringify({ spans })}\n`);
