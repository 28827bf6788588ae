// What a scan has to read and what it has read, in files and bytes: for the progress the CLI prints and the app
// shows. The plan is an estimate (a file can grow while it is read), so nothing is ever shown as more than whole.
import type { IngestOutcome } from './transcript-ingestor';

export class ScanTally {
  private plannedFiles = 0;
  private plannedBytes = 0;
  filesRead = 0;
  bytesRead = 0;

  /** Files with something to read under one root, and about how many bytes. */
  planned(files: number, bytes: number): void {
    this.plannedFiles += files;
    this.plannedBytes += bytes;
  }

  /** One file read that held new lines. */
  read(outcome: IngestOutcome): void {
    this.filesRead++;
    this.bytesRead += outcome.bytes;
  }

  get files(): number {
    return Math.max(this.plannedFiles, this.filesRead);
  }

  get bytes(): number {
    return Math.max(this.plannedBytes, this.bytesRead);
  }
}
