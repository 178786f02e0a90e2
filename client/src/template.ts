// The design a new file starts from: small, valid, and showing every part of the language.

export const NEW_DESIGN_TEMPLATE = `system: my-system
description: What this system does
regions: [us-east, eu-west]

datastores:
  orders:
    replicas: 3
    replication: consensus        # leaderless | leader | consensus
    read_quorum: majority         # one | majority | all | a number
    write_quorum: majority
    placement: {us-east: 2, eu-west: 1}
    claims:
      consistency: linearizable
      cap: CP
      pacelc: PC/EC
      tolerates: 1
    why: "An order must never be taken twice."

components:
  checkout:
    choice: CP
    uses:
      orders: linearizable
`;
