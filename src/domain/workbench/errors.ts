/** A workbench query the guard or a limit refused; the message is one line a person can act on. */
export class WorkbenchRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkbenchRefusal";
  }
}
