import type { BackorderPrompt } from "medusa-plugin-custom-backorder/storefront"
import { shipsText } from "./lib"

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
        {shipsText({ ships_on: prompt.ships_on, message: prompt.backorder_message }) ? (
          <p className="muted" data-testid="backorder-dialog-ships">{shipsText({ ships_on: prompt.ships_on, message: prompt.backorder_message })}</p>
        ) : null}
        <div className="actions">
          {prompt.backorder_quantity > 0 ? (
            <button className="primary" disabled={busy} onClick={() => onAnswer("accept")}>
              {prompt.limited_by ? `Yes, back order ${prompt.backorder_quantity}` : "Yes, back order the rest"}
            </button>
          ) : null}
          <button disabled={busy} onClick={() => onAnswer("decline")}>
            No, only the available
          </button>
        </div>
      </div>
    </div>
  )
}
