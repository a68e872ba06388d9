import { StatusBadge } from "@medusajs/ui"
import { backorderStatusLabel } from "../lib/format"
import type { BackorderStatus } from "../../types"

const statusColor = {
  pending: "orange",
  ready: "green",
  charging: "purple",
  canceling: "purple",
  awaiting_payment: "blue",
  payment_failed: "red",
  charged: "green",
  canceled: "grey",
} as const satisfies Record<BackorderStatus, string>

export const BackorderStatusBadge = ({ status }: { status: BackorderStatus }) => (
  <StatusBadge color={statusColor[status]} data-testid="backorder-status">
    {backorderStatusLabel[status]}
  </StatusBadge>
)
