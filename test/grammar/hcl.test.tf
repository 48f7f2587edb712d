# SYNTAX TEST "source.hcl.hairpin" "Terraform for users without a Terraform extension"
resource "aws_lb" "gateway" {
# <-------- entity.name.type.block.hcl
#        ^^^^^^^^ string.quoted.double.label.hcl
#                           ^ punctuation.section.block.begin.hcl
  name               = "gw-${var.env}"
# ^^^^ variable.other.property.hcl
#                    ^ keyword.operator.assignment.hcl
#                      ^^^^ string.quoted.double.hcl
#                          ^^ punctuation.definition.template-expression.begin.hcl
#                            ^^^ variable.language.hcl
#                                ^^^ variable.other.member.hcl
  load_balancer_type = "network"
  internal           = true
#                      ^^^^ constant.language.boolean.hcl
  enable_cross_zone_load_balancing = false # cross-zone off
#                                    ^^^^^ constant.language.boolean.hcl
#                                          ^^^^^^^^^^^^^^^^ comment.line.hcl
  subnets = slice(local.subnets, 0, 3)
#           ^^^^^ support.function.hcl
#                                   ^ constant.numeric.hcl

  access_logs {
# ^^^^^^^^^^^ entity.name.type.block.hcl
    enabled = false
#   ^^^^^^^ variable.other.property.hcl
  }
}

// a line comment
# <-- comment.line.hcl
/* a block
   comment */
#  ^^^^^^^ comment.block.hcl
locals {
  policy = <<-EOT
    preserve_client_ip.enabled=${var.preserve}
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.heredoc.hcl
#                              ^^ punctuation.definition.template-expression.begin.hcl
  EOT
# ^^^ keyword.control.heredoc-token.hcl
  n = null
#     ^^^^ constant.language.null.hcl
}
