import type { BackorderPrompt } from "medusa-plugin-custom-backorder/storefront"

/** The seed's question: yes, back order the rest / no, only the available. */
export function BackorderDialog({
  prompt,
  note,
  busy,
  onAnswer,
}: {
  prompt: BackorderPrompt
  /** Shown above the question, e.g. why checkout asks again. */
  note?: string
  busy: boolean
  onAnswer: (answer: "accept" | "decline") => void
}) {
  return (
    <div className="overlay">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="backorder-question" data-testid="backorder-dialog">
        {note ? <p className="note" data-testid="backorder-dialog-note">{note}</p> : null}
        <p id="backorder-question" className="question" data-testid="backorder-question">
          {prompt.message}
        </p>
        <div className="actions">
          <button className="primary" disabled={busy} onClick={() => onAnswer("accept")}>
            Yes, back order the rest
          </button>
          <button disabled={busy} onClick={() => onAnswer("decline")}>
            No, only the available
          </button>
        </div>
      </div>
    </div>
  )
}
